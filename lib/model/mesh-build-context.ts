import { EdgeProxyCalls } from './build-edge-proxy';
import { BuildContext } from './build-context';
import { Admission } from './mesh-callers';

/** The build context of the mesh model: the blueprint's, plus how callers are admitted. */
export interface MeshBuildContext extends BuildContext {
  readonly admit: Admission;
  /** Which calls the edge's proxy makes instead of the edge service; undefined without an edge. */
  readonly edgeCalls?: EdgeProxyCalls;
}
