//! A global allocator that counts the heap bytes and blocks currently live, so the memory figures
//! are measured rather than estimated.
//!
//! The library forbids unsafe code; this bench is its own crate root and needs exactly one unsafe
//! item, because `GlobalAlloc` is an unsafe trait. Every method forwards to the system allocator
//! unchanged and only adjusts two counters.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator plus live-byte and live-block counters. Counts requested sizes: the
/// allocator's own per-block overhead (8 to 16 bytes with glibc) is not included.
pub struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BLOCKS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: each method calls `System` with the caller's arguments and returns its result as is;
// the counters never influence what is allocated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Relaxed);
            LIVE_BLOCKS.fetch_add(1, Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            LIVE_BYTES.fetch_add(layout.size(), Relaxed);
            LIVE_BLOCKS.fetch_add(1, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE_BYTES.fetch_sub(layout.size(), Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            LIVE_BYTES.fetch_add(new_size, Relaxed);
            LIVE_BYTES.fetch_sub(layout.size(), Relaxed);
        }
        p
    }
}

/// Heap bytes and blocks live right now.
#[derive(Debug, Clone, Copy)]
pub struct Live {
    pub bytes: usize,
    pub blocks: usize,
}

pub fn live() -> Live {
    Live {
        bytes: LIVE_BYTES.load(Relaxed),
        blocks: LIVE_BLOCKS.load(Relaxed),
    }
}

impl Live {
    /// What is live now beyond `self` (negative deltas read as zero).
    pub fn grown_to(self, later: Live) -> Live {
        Live {
            bytes: later.bytes.saturating_sub(self.bytes),
            blocks: later.blocks.saturating_sub(self.blocks),
        }
    }
}
