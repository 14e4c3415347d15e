int f(int a) {
  int v = a + 1;  
  // comment
  return v;
}
