int ab, cd, x;
int f(void) { return ab+x*cd; }
