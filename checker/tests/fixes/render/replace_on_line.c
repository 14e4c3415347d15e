struct s { int abcdef, abcdeg; };
int f(struct s *p) { return p->abcdeg + p->abcdeg; }
