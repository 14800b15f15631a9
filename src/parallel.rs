//! Where taplan runs independent work in parallel (scenarios, policies, plan folders): an
//! order-preserving parallel map on a pool of `jobs` threads, so results never depend on N.
//! The only module that uses rayon: block solves, re-solves, scenarios, policies and plan files
//! all go through these maps (inner maps run in the pool their caller installed). Work that
//! no caller waits for (a spare model loaded ahead) runs on a thread of its own: [`detached`].

use crate::Result;
use rayon::prelude::*;

/// Run `a` and `b` in parallel (in the current pool) and return both results.
pub fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    rayon::join(a, b)
}

/// Map `f` over `items` in parallel on `jobs` threads (None: all cores), results in input order.
pub fn par_map<T: Sync, R: Send>(
    jobs: Option<usize>,
    items: &[T],
    f: impl Fn(&T) -> R + Sync + Send,
) -> Result<Vec<R>> {
    in_pool(jobs, || items.par_iter().map(&f).collect())
}

/// [`par_map`] over owned items (e.g. `&mut` handles to independent models).
pub fn par_map_owned<T: Send, R: Send>(
    jobs: Option<usize>,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync + Send,
) -> Result<Vec<R>> {
    in_pool(jobs, || items.into_par_iter().map(&f).collect())
}

/// Run `f` on a thread of its own, outside the pools (so that it never holds up a map), and
/// do not wait for it.
pub fn detached(f: impl FnOnce() + Send + 'static) {
    std::thread::spawn(f);
}

/// Run `f` inside a pool of `jobs` threads (None: rayon's global pool).
pub fn in_pool<R: Send>(jobs: Option<usize>, f: impl FnOnce() -> R + Send) -> Result<R> {
    match jobs {
        None => Ok(f()),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build()?;
            Ok(pool.install(f))
        }
    }
}
