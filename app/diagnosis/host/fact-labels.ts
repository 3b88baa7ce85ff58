/** The name of each machine fact in words, for the check of the facts and the report's "This computer" rows. */
import type { HostFactName } from '../../host-facts/types';
import { message } from '../../messages';
import type { MessageRef } from '../../messages';

export const HOST_FACT_LABELS: Readonly<Record<HostFactName, MessageRef>> = {
  windows: message('host.label.windows'),
  mediaFoundation: message('host.label.media-foundation'),
  vcRuntime: message('host.label.vc-runtime'),
  cpu: message('host.label.cpu'),
  memory: message('host.label.memory'),
  nvidia: message('host.label.nvidia'),
  condaDllSearchModification: message('host.label.conda-dll-search'),
};
