static int x;
int y;
