int f(int a) {
  /* é日本	x �  zw​sp soft­hy é */ return a + a;
}
