/*
 * textcols.h - how clang lays out a source line in a diagnostic snippet:
 * how it decodes UTF-8, which code points it escapes as <U+XXXX> and how many
 * terminal columns the others take.  Shared by the snippet printer and the
 * fix-it hint renderer so both line up exactly as clang's do.
 */
#ifndef HG_CHECKER_TEXTCOLS_H
#define HG_CHECKER_TEXTCOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes; its code point
 * in *cp), or 0 for an invalid or truncated one. */
size_t hg_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Code points clang shows as <U+XXXX> instead of printing them (LLVM's
 * isPrintable; it prints U+00AD SOFT HYPHEN, one column wide). */
bool hg_cp_is_unprintable(uint32_t cp);

/* Terminal columns of a printable code point: 0 for combining marks, 2 for
 * wide East Asian characters and emoji, else 1. */
int hg_cp_width(uint32_t cp);

#endif /* HG_CHECKER_TEXTCOLS_H */
