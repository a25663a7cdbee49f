// zlib (Debian's zlib1g-dev) for the PNG encoder's deflate stream and CRC-32.
#include <zlib.h>
