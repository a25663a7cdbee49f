// Cairo (Debian's libcairo2-dev) for anti-aliased drawing, text in DejaVu Sans (fonts-dejavu-core) found
// through fontconfig, and PNG encoding.
#include <cairo/cairo.h>
