#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU; its headers then pull in ICU's, which clash
// with the copy Foundation carries. The reader never needs ICU: switch it off.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>

// Swift 6 rejects the mutable C global `xmlFree`; call it through a function.
static inline void clibxml2_free(void *pointer) { xmlFree(pointer); }

#endif
