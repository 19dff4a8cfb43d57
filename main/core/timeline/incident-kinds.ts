// What can be logged by hand; in a module of its own so the CLI can offer the choices without
// loading the timeline (and the database) before a command runs.
export const INCIDENT_KINDS = ['call', 'visit', 'message', 'threat', 'post'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
