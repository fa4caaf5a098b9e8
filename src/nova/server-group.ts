// Server groups (Icehouse+ `nova server-group-create`): a policy and the group's current members. Members are counted
// per compute node on the node itself (ComputeNode.groupMembers, kept by claim/unclaim); the group keeps the total,
// which is what ServerGroupAffinityFilter needs ("group empty, or this node already holds a member").

export type ServerGroupPolicy = 'affinity' | 'anti-affinity';

export class ServerGroup {
  /** Members currently holding a claim on some compute node. */
  members = 0;

  constructor(
    readonly id: number,
    readonly policy: ServerGroupPolicy,
    /** Anti-affinity rule max_server_per_host (Rocky+, microversion 2.64); 1 by default. */
    readonly maxServerPerHost: number = 1,
  ) {}
}

/** The server groups of one run, created when their first member is requested. */
export class ServerGroups {
  private readonly groups = new Map<number, ServerGroup>();

  get(id: number): ServerGroup | undefined {
    return id < 0 ? undefined : this.groups.get(id); // −1: no group (most VMs; skips a hash lookup per departure)
  }

  getOrCreate(id: number, policy: ServerGroupPolicy, maxServerPerHost: number): ServerGroup {
    let group = this.groups.get(id);
    if (!group) {
      group = new ServerGroup(id, policy, maxServerPerHost);
      this.groups.set(id, group);
    }
    return group;
  }
}
