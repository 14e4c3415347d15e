#define M(x) x*2
#define N(a, b) a+b
unsigned long f(int y) {
	unsigned long z = 10ul + 1u;  /* é日本 */ z += 3lu;
  int w = y*2+y*3 - y/2;
  if (y) {
    return z;
  } else {
    return 1;
  }
}
void g(int q) {
  if (q) return;
  return;
}
