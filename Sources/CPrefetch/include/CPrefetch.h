#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the processor to start bringing the cache line at `address` in, for a write soon;
/// it changes no result. Swift has no spelling for this instruction.
static inline void etos_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
