//! Parts of a file read on every core and taken in file order, each as
//! soon as its turn comes: how a large glossary or termbase is read, so
//! that parsing its later parts overlaps adding the terms of the earlier
//! ones, and the whole file is never held parsed.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Calls `take` with `read(part)` for each of `parts` in order until it
/// returns `false`; whether every part was taken. Other threads read the
/// parts ahead, and this one reads the next itself while its turn has not
/// come; a part read but not yet taken waits in memory, so a fast reader
/// holds a few parts at most when taking is the quicker half.
///
/// The threads are their own, not a pool's: what they allocate is freed by
/// this thread, and an allocator with a heap per thread reuses the memory
/// of a thread that has ended, but not of a live one.
pub(crate) fn read_in_order<P: Sync, R: Send>(
    parts: &[P],
    read: impl Fn(&P) -> R + Sync,
    mut take: impl FnMut(R) -> bool,
) -> bool {
    let next = AtomicUsize::new(0);
    let claim = || next.fetch_add(1, Ordering::Relaxed);
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(parts.len())
        .max(1);
    std::thread::scope(|scope| {
        let (done, arrived) = std::sync::mpsc::channel::<(usize, R)>();
        for _ in 1..workers {
            let done = done.clone();
            let (claim, read) = (&claim, &read);
            scope.spawn(move || {
                loop {
                    let at = claim();
                    let Some(part) = parts.get(at) else {
                        return;
                    };
                    // A closed channel: taking stopped early.
                    if done.send((at, read(part))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done);
        let mut ready: Vec<Option<R>> = (0..parts.len()).map(|_| None).collect();
        let mut turn = 0;
        let taken = loop {
            if turn == parts.len() {
                break true;
            }
            if let Some(result) = ready[turn].take() {
                turn += 1;
                if !take(result) {
                    break false;
                }
                continue;
            }
            if let Ok((at, result)) = arrived.try_recv() {
                ready[at] = Some(result);
                continue;
            }
            let at = claim();
            if let Some(part) = parts.get(at) {
                ready[at] = Some(read(part));
                continue;
            }
            match arrived.recv() {
                Ok((at, result)) => ready[at] = Some(result),
                // Every helper ended, and the part whose turn it is never
                // came (a helper panicked).
                Err(_) => break false,
            }
        };
        // The helpers stop at their next claim.
        next.store(parts.len(), Ordering::Relaxed);
        taken
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_taken_in_order_and_taking_can_stop() {
        let parts: Vec<u32> = (0..500).collect();
        let mut taken = Vec::new();
        let all = read_in_order(
            &parts,
            |&n| {
                // Uneven work, so that parts are read out of order.
                std::thread::sleep(std::time::Duration::from_micros(u64::from(n % 7) * 20));
                n * 2
            },
            |doubled| {
                taken.push(doubled);
                true
            },
        );
        assert!(all);
        assert_eq!(taken, (0..500).map(|n| n * 2).collect::<Vec<_>>());

        let mut taken = Vec::new();
        let all = read_in_order(
            &parts,
            |&n| n,
            |n| {
                taken.push(n);
                n < 10
            },
        );
        assert!(!all);
        assert_eq!(taken, (0..=10).collect::<Vec<_>>());
        assert!(read_in_order(&[] as &[u32], |&n| n, |_| false));
    }
}
