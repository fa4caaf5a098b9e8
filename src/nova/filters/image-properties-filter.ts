// ImagePropertiesFilter (hypervisor_type): an image that requires kvm or vmware only goes to such nodes.

import type { HostFilter } from './host-filter.js';

export const imagePropertiesFilter: HostFilter = {
  name: 'ImagePropertiesFilter',
  passes: (node, request) => request.hypervisor === undefined || request.hypervisor === node.hypervisor,
};
