/* for-loops with every combination of missing parts, while, do. */
#define FOREVER for (;;)
#define UNTIL(c) for (; !(c);)

int loops(int n) {
  int i = 0, s = 0;
  for (;;) break;
  for (; i < n;) i++;
  for (;; i++) if (i > n) break;
  for (i = 0;;) break;
  for (i = 0; i < n;) i++;
  for (; i < n; i++) s += i;
  for (i = 0;; i++) if (i) break;
  for (i = 0; i < n; i++) s++;
  for (int j = 0;; j++) { if (j == n) break; }
  for (int j = 0, k = 1; j < k; j++) continue;
  for (int j = (n > 0 ? n : -n); j; j--) s--;
  FOREVER { break; }
  UNTIL(i == 0) i--;
  while (s > 100) s /= 2;
  do { s++; } while (s < 10);
  return s;
}
