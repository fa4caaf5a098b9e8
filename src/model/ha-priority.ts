// vSphere HA restart priorities, highest first (vSphere Availability, "VM Restart Priority"). `disabled` VMs are never
// restarted.

export const HA_PRIORITIES = ['highest', 'high', 'medium', 'low', 'lowest', 'disabled'] as const;
export type HaPriority = (typeof HA_PRIORITIES)[number];
export const DEFAULT_HA_PRIORITY = 2; // medium
export const HA_DISABLED = 5;

export function haPriorityIndex(name: string): number {
  return HA_PRIORITIES.indexOf(name as HaPriority);
}
