// Runs once when a server process starts, before it serves a request: the configuration
// is read and checked here, so a wrong value stops the process at start-up with a message
// naming the variable, instead of failing the first request that needs it. Then the job
// worker and the set of live tokens start, in the background (the first request does not
// wait for them).
export async function register(): Promise<void> {
  // NEXT_RUNTIME is how Next tells the Node runtime from the Edge one (its documented idiom).
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const {
    checkConfigurationOrExit,
    startInProcessJobWorker,
    startLiveTokenSet,
    warnWhenEmailIsOff,
  } = await import("./instrumentation-node");
  checkConfigurationOrExit();
  await warnWhenEmailIsOff();
  void startInProcessJobWorker();
  void startLiveTokenSet();
}
