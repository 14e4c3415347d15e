int f(int a) {
  // ok  then
  int v = a;
  return v;
}
