int b, c;
int a(void) { return b + c; }
int d(void) { return b + c; }
