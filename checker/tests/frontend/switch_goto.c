/* switch/case/default, GNU case ranges, goto and labels. */
enum color { RED, GREEN = 5, BLUE };

int classify(int v, enum color c) {
  int r = 0;
  switch (v) {
  case 0:
    r = 1;
    break;
  case 1:
  case 2:
    r = 2;
    /* fall through */
  case 3 ... 7:
    r += 3;
    break;
  default:
    r = -1;
  }
  switch (c) {
  case RED: return r;
  case BLUE: goto out;
  default: break;
  }
  if (r < 0) goto fail;
  r++;
out:
  return r;
fail:
  ;
  void *target = &&out;
  goto *target;
}
