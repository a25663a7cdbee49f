// zlib (Debian's zlib1g-dev) for the PNG encoder's deflate stream and the CRC-32 of PNG chunks and checkpoints.
#include <zlib.h>
