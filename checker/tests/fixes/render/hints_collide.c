int f(int a) { return a+a+a; }
