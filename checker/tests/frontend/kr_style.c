/* Old-style definitions and declarations without prototypes. */
int no_proto();
int kr_style(a, b) int a; char *b; { return a + (b != 0) + no_proto(a); }
