#include "CRecordScan.h"

#if defined(__SSE2__)
#include <emmintrin.h>

/// One bit per byte of the 64 at `p` that equals the byte in `value` (bit i for byte i).
static inline uint64_t etos_mask64(const uint8_t *p, __m128i value) {
    uint64_t mask = 0;
    for (int part = 0; part < 4; part++) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(p + 16 * part));
        mask |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, value)) << (16 * part);
    }
    return mask;
}
#endif

size_t etos_record_end(const uint8_t *bytes, size_t length, int *inside, size_t *commas, size_t *breaks) {
    size_t index = 0;
    size_t commaCount = 0, breakCount = 0;
    int state = *inside ? 1 : 0;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), comma = _mm_set1_epi8(','), lineFeed = _mm_set1_epi8('\n');
    uint64_t carry = state ? ~(uint64_t)0 : 0;
    for (; index + 64 <= length; index += 64) {
        uint64_t quotes = etos_mask64(bytes + index, quote);
        uint64_t separators = etos_mask64(bytes + index, comma);
        uint64_t lineFeeds = etos_mask64(bytes + index, lineFeed);
        // Prefix XOR: bit i set when an odd number of quotes is at or before byte i.
        uint64_t within = quotes;
        within ^= within << 1;
        within ^= within << 2;
        within ^= within << 4;
        within ^= within << 8;
        within ^= within << 16;
        within ^= within << 32;
        within ^= carry;
        uint64_t ends = lineFeeds & ~within;
        if (ends) {
            int first = __builtin_ctzll(ends);
            uint64_t before = first == 0 ? 0 : (~(uint64_t)0 >> (64 - first));
            *commas += commaCount + (size_t)__builtin_popcountll(separators & ~within & before);
            *breaks += breakCount + (size_t)__builtin_popcountll(lineFeeds & within & before);
            *inside = 0;
            return index + (size_t)first;
        }
        commaCount += (size_t)__builtin_popcountll(separators & ~within);
        breakCount += (size_t)__builtin_popcountll(lineFeeds & within);
        carry = (uint64_t)((int64_t)within >> 63);
    }
    state = carry ? 1 : 0;
#endif
    for (; index < length; index++) {
        uint8_t byte = bytes[index];
        if (byte == '"') {
            state ^= 1;
        } else if (byte == ',') {
            commaCount += state ? 0 : 1;
        } else if (byte == '\n') {
            if (!state) {
                *commas += commaCount;
                *breaks += breakCount;
                *inside = 0;
                return index;
            }
            breakCount++;
        }
    }
    *commas += commaCount;
    *breaks += breakCount;
    *inside = state;
    return length;
}
