// Event priorities at equal times: capacity comes back before it is asked for, samples see the settled state.

export const PRIORITY = { repair: 10, departure: 20, failure: 30, recovery: 40, arrival: 50, drs: 60, sample: 250 } as const;
