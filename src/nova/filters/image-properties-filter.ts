// ImagePropertiesFilter, reduced to what capsim models: the hypervisor-type match. An image whose `hypervisor_type`
// property is kvm (libvirt) or vmware (VMwareVCDriver) only goes to compute nodes of that type; an image without the
// property goes anywhere (nova/scheduler/filters/image_props_filter.py). This is how hybrid arms route legacy apps to
// vCenter clusters and cloud-native apps to KVM hosts.

import type { HostFilter } from './host-filter.js';

export const imagePropertiesFilter: HostFilter = {
  name: 'ImagePropertiesFilter',
  passes: (node, request) => request.hypervisor === undefined || request.hypervisor === node.hypervisor,
};
