#include <stdlib.h>
#include <handleguard.h>

struct widget { hg_guard guard; int *inner; };

void widget_free(struct widget *w) {
  if (hg_begin_free(&w->guard, HG_FREE_DEADLINE_MS) == HG_DRAINED)
    free(w->inner);
  /* the box is leaked on purpose: a late hg_try_enter must land on valid memory */
}
