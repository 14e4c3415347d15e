/*
 * textcols.c - clang's view of printable code points and their column
 * widths (see textcols.h).
 */
#include "textcols.h"

size_t hg_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  size_t len;
  uint32_t min;
  if (s[0] < 0x80) return *cp = s[0], 1;
  if ((s[0] & 0xE0) == 0xC0) len = 2, min = 0x80, *cp = s[0] & 0x1F;
  else if ((s[0] & 0xF0) == 0xE0) len = 3, min = 0x800, *cp = s[0] & 0x0F;
  else if ((s[0] & 0xF8) == 0xF0) len = 4, min = 0x10000, *cp = s[0] & 0x07;
  else return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (s[i] & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

bool hg_cp_is_unprintable(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFEFF ||
         (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

int hg_cp_width(uint32_t cp) {
  if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
      (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F))
    return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}
