/* Bodies in other files: files are sorted by path (main file first), so
 * zz_helpers.h, met first, comes after aa_body.inc. */
#include "zz_helpers.h"
int f(int x) {
#include "aa_body.inc"
  return x;
}
