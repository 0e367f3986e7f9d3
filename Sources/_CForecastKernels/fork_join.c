// Two-way phased jobs with one persistent worker thread: phase after phase, the caller runs part 0
// and the worker part 1, and phase i + 1 starts once both parts of phase i are done. A kernel that
// steps through time with both threads thus pays one hand-off per step, not one fork-join; a
// fork-join is a job of one phase. Hand-offs go through atomics the threads spin on (each on its
// own cache line), so they cost a cache-line transfer instead of a thread wake-up; an idle worker
// spins briefly, then sleeps on a condition variable.
//
// Part 1 of each phase goes to whichever thread claims it first (a compare-and-swap on `claim`):
// the worker claims it as soon as the caller's side of the phase before is done, the caller when
// it has finished part 0 and the worker has not come for part 1 — the other core is busy. So a
// loaded machine costs speed, not stalls: a worker that lost its core misses phases and the caller
// runs them; the caller waits for the worker only inside a part the worker has claimed.
//
// Each side publishes its own progress and waits for the other's, so a hand-off costs one
// cache-line transfer each way, both at once: the caller stores `ready` (phases whose part 0 —
// and part 1, when the caller ran it — are done) as soon as its part 0 is done, before it waits
// for the worker's `finished`; the worker, whose own part 1 of the phase before is done by then,
// claims the next phase as soon as it sees `ready`. (Publishing only phases complete on both
// sides put two transfers in a row on the worker's path: jobs of 25 phases whose parts each take
// 1 µs took 1.34–1.39 µs a phase that way, 1.27–1.32 µs this way.) The caller reads `claim` before
// it tries to take it: a compare-and-swap that fails still takes the line from the worker, whose
// next claim would wait for it.
//
// On a busy machine — a one-minute load average of at least the process' CPUs plus one, i.e. other
// work beyond this process' two threads — every job runs on the caller alone, as GNU OpenMP's
// dynamic teams do: there the worker often loses its core inside a part it has claimed, and the
// caller then waits for its next time slice, which costs more than the second core brings
// (measured with `forecast bench` at load 6–9: one thread 1.2–1.6× faster). The load is read at
// most every 100 ms. FORECAST_PARALLEL=always skips the check (tests that must reach the worker);
// FORECAST_PARALLEL=never starts no worker, so every job runs on the caller (measurements of one
// thread against two).
//
// `claim`, `ready` and `finished` hold a tag: the job's generation in the high 32 bits, a phase
// count in the low 32 (`claim`: phases whose part 1 is claimed; `ready`: phases the caller's side
// has done; `finished`: phases whose part 1 the worker has done), so a worker still looking at an
// ended job never takes a phase of the next. The worker may run a phase ahead of the caller's
// wait (claim phase i + 1 and finish it before the caller sees phase i finished), so the caller
// waits for `finished` to reach its phase, not to equal it. The job lives on the caller's stack;
// the worker reads it only between a successful claim and its `finished` store, which the caller
// waits for before it goes on.
//
// The sleep hand-off is Dekker's pattern: the caller stores `posted` then loads `sleeping`; the
// worker stores `sleeping` then loads `posted`. Both sides use sequentially consistent atomics,
// so at least one of them sees the other's store: either the worker finds the new job before it
// waits, or the caller finds the worker asleep and signals it (under the lock the worker holds
// from its check until it waits). With weaker orders a store may pass the later load and the
// wake-up is lost. On one CPU no worker is started: its spinning would only compete with the
// caller.
#define _GNU_SOURCE  // sched_getaffinity and CPU_COUNT
#include "forecast_kernels.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FK_PAUSE() _mm_pause()
#else
#define FK_PAUSE() ((void)0)
#endif

/// Spins of an idle worker before it sleeps (about 50–100 µs).
#define IDLE_SPINS 20000
/// Spins of a thread waiting for the other before it yields its CPU.
#define WAIT_SPINS 20000
/// The phase count `claim` takes when a job has ended.
#define ENDED UINT32_MAX

struct phased_job {
  void (*phase)(void *context, ptrdiff_t index, int part);
  void *context;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int worker_running = 0;
static long cpu_count = 1;
static int ignore_load = 0;  // FORECAST_PARALLEL=always
static pthread_mutex_t submit_lock = PTHREAD_MUTEX_INITIALIZER;  // one job at a time
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

static const struct phased_job *current_job;  // written before `claim` is tagged with the job
static _Alignas(64) atomic_uint posted;        // generation of the last job posted
static _Alignas(64) _Atomic uint64_t claim;
static _Alignas(64) _Atomic uint64_t ready;
static _Alignas(64) _Atomic uint64_t finished;
static _Alignas(64) atomic_int sleeping;
static _Thread_local int inside_job;
static _Atomic int64_t load_checked_at = -1000000000;  // CLOCK_MONOTONIC nanoseconds: never
static atomic_int busy;

static int64_t now_ns(void) {
  struct timespec time;
  clock_gettime(CLOCK_MONOTONIC, &time);
  return (int64_t)time.tv_sec * 1000000000 + time.tv_nsec;
}

/// Whether other work keeps the machine's CPUs busy (see the top), from a load average at most
/// 100 ms old.
static int machine_busy(void) {
  if (ignore_load) return 0;
  const int64_t now = now_ns();
  int64_t checked = atomic_load_explicit(&load_checked_at, memory_order_relaxed);
  if (now - checked < 100000000 ||
      !atomic_compare_exchange_strong_explicit(&load_checked_at, &checked, now, memory_order_relaxed, memory_order_relaxed)) {
    return atomic_load_explicit(&busy, memory_order_relaxed);
  }
  double load;
  const int value = getloadavg(&load, 1) == 1 && load >= (double)(cpu_count + 1);
  atomic_store_explicit(&busy, value, memory_order_relaxed);
  return value;
}

static inline uint64_t tag(unsigned generation, uint64_t count) { return (uint64_t)generation << 32 | count; }

/// Whether tag `value` is of `target`'s generation and has reached its count (generations wrap).
static inline int reached(uint64_t value, uint64_t target) {
  return (uint32_t)(value >> 32) == (uint32_t)(target >> 32) && (uint32_t)value >= (uint32_t)target;
}

/// Spins until `*value` reaches `target`, yielding the CPU now and then once the wait is long.
static void wait_for(_Atomic uint64_t *value, uint64_t target) {
  int spins = 0;
  while (!reached(atomic_load_explicit(value, memory_order_acquire), target)) {
    if (++spins < WAIT_SPINS) FK_PAUSE(); else { sched_yield(); spins = 0; }
  }
}

/// The worker's part of job `generation`: part 1 of every phase it claims, until the job ends.
static void serve(unsigned generation) {
  int spins = 0;
  for (;;) {
    uint64_t claimed = atomic_load(&claim);
    if ((unsigned)(claimed >> 32) != generation || (uint32_t)claimed == ENDED) return;
    // Phase `index` may start once the caller's side of the phases before it is done (the
    // worker's side is: it ran them) and nobody has claimed it.
    if (atomic_load_explicit(&ready, memory_order_acquire) == claimed &&
        atomic_compare_exchange_strong(&claim, &claimed, claimed + 1)) {
      const struct phased_job *job = current_job;
      job->phase(job->context, (ptrdiff_t)(uint32_t)claimed, 1);
      atomic_store_explicit(&finished, claimed + 1, memory_order_release);
      spins = 0;
    } else if (++spins < WAIT_SPINS) {
      FK_PAUSE();
    } else {
      sched_yield();
      spins = 0;
    }
  }
}

static void *worker_main(void *unused) {
  (void)unused;
  inside_job = 1;  // a job started from inside a job runs on its caller alone
  unsigned seen = 0;
  for (;;) {
    unsigned generation;
    int spins = 0;
    while ((generation = atomic_load_explicit(&posted, memory_order_acquire)) == seen) {
      if (++spins < IDLE_SPINS) { FK_PAUSE(); continue; }
      pthread_mutex_lock(&sleep_lock);
      atomic_store(&sleeping, 1);  // seq_cst, then a seq_cst load of posted (see the top)
      while (atomic_load(&posted) == seen) pthread_cond_wait(&wake, &sleep_lock);
      atomic_store(&sleeping, 0);
      pthread_mutex_unlock(&sleep_lock);
      spins = 0;
    }
    seen = generation;
    serve(generation);
  }
  return NULL;
}

/// The CPUs this process may run on.
static long available_cpus(void) {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return CPU_COUNT(&set);
#endif
  return sysconf(_SC_NPROCESSORS_ONLN);
}

static void start_worker(void) {
  const char *parallel = getenv("FORECAST_PARALLEL");
  ignore_load = parallel != NULL && strcmp(parallel, "always") == 0;
  cpu_count = available_cpus();
  // worker_running stays 0 on one CPU or with FORECAST_PARALLEL=never: every job runs on the caller.
  if (cpu_count < 2 || (parallel != NULL && strcmp(parallel, "never") == 0)) return;
  pthread_t thread;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
  worker_running = pthread_create(&thread, &attributes, worker_main, NULL) == 0;
  pthread_attr_destroy(&attributes);
}

void fk_phases(ptrdiff_t count, void (*phase)(void *context, ptrdiff_t index, int part), void *context) {
  if (count <= 0) return;  // a job of no phase: nothing for the worker to claim
  pthread_once(&once, start_worker);
  // Alone when there is no worker, when called from inside a job, on a busy machine, or while
  // another thread's job is running.
  if (!worker_running || inside_job || machine_busy() || pthread_mutex_trylock(&submit_lock) != 0) {
    for (ptrdiff_t index = 0; index < count; index++) {
      phase(context, index, 0);
      phase(context, index, 1);
    }
    return;
  }
  const struct phased_job job = {phase, context};
  const unsigned generation = atomic_load(&posted) + 1;
  current_job = &job;
  atomic_store(&ready, tag(generation, 0));
  // Every store the worker made to `finished` has been waited for; a fresh tag keeps one from
  // 2^32 jobs back from passing for this job's.
  atomic_store(&finished, tag(generation, 0));
  atomic_store(&claim, tag(generation, 0));
  atomic_store(&posted, generation);  // seq_cst, then a seq_cst load of sleeping (see the top)
  if (atomic_load(&sleeping)) {
    pthread_mutex_lock(&sleep_lock);
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&sleep_lock);
  }
  inside_job = 1;
  for (ptrdiff_t index = 0; index < count; index++) {
    phase(context, index, 0);
    uint64_t unclaimed = tag(generation, (uint64_t)index);
    const int stolen = atomic_load_explicit(&claim, memory_order_relaxed) == unclaimed &&
                       atomic_compare_exchange_strong(&claim, &unclaimed, unclaimed + 1);
    if (stolen) phase(context, index, 1);  // the worker has not come: do its part here
    // The last phase is never marked ready, so no thread can claim a phase past it.
    if (index + 1 < count) atomic_store_explicit(&ready, tag(generation, (uint64_t)index + 1), memory_order_release);
    if (!stolen) wait_for(&finished, tag(generation, (uint64_t)index + 1));
  }
  atomic_store(&claim, tag(generation, ENDED));
  inside_job = 0;
  pthread_mutex_unlock(&submit_lock);
}

int fk_enter_alone(void) {
  const int outer = inside_job;
  inside_job = 1;
  return outer;
}

void fk_leave_alone(int outer) { inside_job = outer; }

/// A fork-join as a job of one phase.
struct fork_join_job {
  void (*function)(void *context, int part);
  void *context;
};

static void fork_join_phase(void *context, ptrdiff_t index, int part) {
  (void)index;
  const struct fork_join_job *job = context;
  job->function(job->context, part);
}

void fk_fork_join(void (*function)(void *context, int part), void *context) {
  struct fork_join_job job = {function, context};
  fk_phases(1, fork_join_phase, &job);
}
