// The shim is the inline function in include/CPrefetch.h; SwiftPM needs one C file.
#include "CPrefetch.h"
