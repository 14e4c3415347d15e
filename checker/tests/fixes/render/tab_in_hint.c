int f(int a) {
	int v = a + a * a - a * a + a;
  return v;
}
