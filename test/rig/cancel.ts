/** A stop button for a rig run: aborts once `condition` holds and remembers when, so tests can print how long the stop took. */
export interface RigStop {
	/** Pass as `cancelSignal` to runWorkflow / runNode. */
	signal: AbortSignal;
	/** Milliseconds since the stop was pressed (undefined before). */
	elapsed(): number | undefined;
	/** Stops polling if the run ended before the condition held. */
	dispose(): void;
}

export function stopWhen(condition: () => boolean, pollMs = 5): RigStop {
	const controller = new AbortController();
	let pressedAt: number | undefined;
	const timer = setInterval(() => {
		if (!condition()) return;
		clearInterval(timer);
		pressedAt = performance.now();
		controller.abort();
	}, pollMs);
	return {
		signal: controller.signal,
		elapsed: () => (pressedAt === undefined ? undefined : performance.now() - pressedAt),
		dispose: () => clearInterval(timer),
	};
}
