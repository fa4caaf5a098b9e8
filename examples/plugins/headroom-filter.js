// An example capsim plug-in (docs/plugins.md): HeadroomFilter keeps a share of every compute node's RAM free, so
// that VMs of a failed host have somewhere to restart. A node passes while, with the request placed on it, its
// used and reserved RAM stay within HEADROOM_SHARE of its physical RAM (no allocation ratio: headroom is physical).
// Load it with `capsim run --plugin examples/plugins/headroom-filter.js examples/headroom.yaml` and list
// HeadroomFilter in an arm's nova.filters.

/** Largest share of a node's RAM the filter lets VMs use. */
const HEADROOM_SHARE = 0.75;

/** @param {import('capsim').PluginApi} api */
export function register(api) {
  api.registerFilter('HeadroomFilter', {
    /**
     * @param {import('capsim').ComputeNode} node
     * @param {import('capsim').RequestSpec} request
     * @param {import('capsim').FilterContext} context
     */
    passes(node, request, { config }) {
      return node.usedRamMiB + config.reservedHostMemoryMiB + request.ramMiB <= HEADROOM_SHARE * node.totalRamMiB;
    },
  });
}
