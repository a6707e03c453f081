#ifndef CRECORDSCAN_H
#define CRECORDSCAN_H

#include <stddef.h>
#include <stdint.h>

/// Finds the end of a CSV record (RFC 4180 quoting): the first line feed outside quotes in
/// `bytes[0..<length]`, scanning 64 bytes a step with SSE2 compares (a portable loop
/// elsewhere). `*inside` is whether the scan starts inside quotes, and is left as the state
/// at the end (or at `length`). Adds to `*commas` the commas outside quotes, and to `*breaks`
/// the line feeds inside quotes, before the end. Returns the end's index, or `length` when
/// the bytes hold none. No logic beyond this scan lives here.
size_t etos_record_end(const uint8_t *bytes, size_t length, int *inside, size_t *commas, size_t *breaks);

#endif
