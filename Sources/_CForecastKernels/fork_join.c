// A two-way fork-join with one persistent worker thread: the caller runs part 0 of a job, the
// worker part 1. Hand-off and completion go through atomics the threads spin on, so a fork-join
// costs a cache-line transfer (well under a microsecond) instead of a thread wake-up; an idle
// worker spins briefly, then sleeps on a condition variable. Part 1 goes to whichever thread
// claims it first: when the worker is slow to come (the other core is busy), the caller runs
// both parts itself instead of waiting, so a loaded machine costs speed, not stalls.
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
#include <stdatomic.h>
#include <sched.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FK_PAUSE() _mm_pause()
#else
#define FK_PAUSE() ((void)0)
#endif

/// Spins of an idle worker before it sleeps (about 50–100 µs).
#define IDLE_SPINS 20000

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int worker_running = 0;
static pthread_mutex_t submit_lock = PTHREAD_MUTEX_INITIALIZER;  // one job at a time
static pthread_mutex_t sleep_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

static void (*job_function)(void *, int);
static void *job_context;
static atomic_uint posted;     // generation of the last job posted
static atomic_uint finished;   // generation of the last job the worker finished
static atomic_uint claimed;    // generation of the last job whose part 1 a thread took
static atomic_int sleeping;
static _Thread_local int inside_job;

static void *worker_main(void *unused) {
  (void)unused;
  inside_job = 1;  // a fork-join from inside a job runs serially
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
    unsigned expected = generation - 1;
    if (atomic_compare_exchange_strong(&claimed, &expected, generation)) {
      job_function(job_context, 1);
      atomic_store_explicit(&finished, generation, memory_order_release);
    }
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
  if (available_cpus() < 2) return;  // worker_running stays 0: every job runs on the caller
  pthread_t thread;
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
  worker_running = pthread_create(&thread, &attributes, worker_main, NULL) == 0;
  pthread_attr_destroy(&attributes);
}

void fk_fork_join(void (*function)(void *context, int part), void *context) {
  pthread_once(&once, start_worker);
  // Serially when there is no worker, when called from inside a job, or while another thread's
  // job is running.
  if (!worker_running || inside_job || pthread_mutex_trylock(&submit_lock) != 0) {
    function(context, 0);
    function(context, 1);
    return;
  }
  job_function = function;
  job_context = context;
  const unsigned generation = atomic_load(&posted) + 1;
  atomic_store(&posted, generation);  // seq_cst, then a seq_cst load of sleeping (see the top)
  if (atomic_load(&sleeping)) {
    pthread_mutex_lock(&sleep_lock);
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&sleep_lock);
  }
  inside_job = 1;
  function(context, 0);
  unsigned expected = generation - 1;
  if (atomic_compare_exchange_strong(&claimed, &expected, generation)) {
    function(context, 1);  // the worker has not come: do its part here
  } else {
    int spins = 0;
    while (atomic_load_explicit(&finished, memory_order_acquire) != generation) {
      if (++spins < IDLE_SPINS) FK_PAUSE(); else sched_yield();
    }
  }
  inside_job = 0;
  pthread_mutex_unlock(&submit_lock);
}
