//! Parts of a file read on every core and taken in file order, each as
//! soon as its turn comes: how a large glossary or termbase is read, so
//! that parsing its later parts overlaps adding the terms of the earlier
//! ones, and the whole file is never held parsed.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Calls `take` with `read(part)` for each of `parts` in order until it
/// returns `false`; whether every part was taken. Other threads read the
/// parts ahead, and this one reads the next itself while its turn has not
/// come. A part read but not yet taken waits in memory, so no part is read
/// more than a few per thread ahead of the one being taken: however many
/// cores read, memory holds a few parts.
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
    // How far ahead of the part being taken a part may be read.
    let window = 4 * workers;
    // The number of parts taken, and a helper's wait for room ahead.
    let taken_count = Mutex::new(0usize);
    let room = Condvar::new();
    let stopped = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (done, arrived) = std::sync::mpsc::channel::<(usize, R)>();
        for _ in 1..workers {
            let done = done.clone();
            let (claim, read, taken_count, room, stopped) =
                (&claim, &read, &taken_count, &room, &stopped);
            scope.spawn(move || {
                loop {
                    let at = claim();
                    let Some(part) = parts.get(at) else {
                        return;
                    };
                    let mut taken = taken_count.lock().unwrap_or_else(|e| e.into_inner());
                    while at >= *taken + window && !stopped.load(Ordering::Relaxed) {
                        taken = room.wait(taken).unwrap_or_else(|e| e.into_inner());
                    }
                    drop(taken);
                    // A closed channel: taking stopped early.
                    if stopped.load(Ordering::Relaxed) || done.send((at, read(part))).is_err() {
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
                *taken_count.lock().unwrap_or_else(|e| e.into_inner()) = turn;
                room.notify_all();
                if !take(result) {
                    break false;
                }
                continue;
            }
            if let Ok((at, result)) = arrived.try_recv() {
                ready[at] = Some(result);
                continue;
            }
            // Read the next part here only within the window.
            if next.load(Ordering::Relaxed) < turn + window {
                let at = claim();
                if let Some(part) = parts.get(at) {
                    ready[at] = Some(read(part));
                    continue;
                }
            }
            match arrived.recv() {
                Ok((at, result)) => ready[at] = Some(result),
                // Every helper ended, and the part whose turn it is never
                // came (a helper panicked).
                Err(_) => break false,
            }
        };
        // The helpers stop at their next claim, or now if they wait.
        next.store(parts.len(), Ordering::Relaxed);
        stopped.store(true, Ordering::Relaxed);
        drop(taken_count.lock().unwrap_or_else(|e| e.into_inner()));
        room.notify_all();
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
