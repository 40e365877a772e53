import type { EvaluatedPod } from './network-evaluation';

/** Pods that every registered selection treats alike: each selection holds all of them or none. */
export interface PodClass {
  readonly id: number;
  readonly size: number;
  /** One of its pods (the first in the pods' order), for what all of them share. */
  readonly representative: EvaluatedPod;
  /** Whether the class lies within `selection` (one of the registered selections). */
  in(selection: readonly EvaluatedPod[]): boolean;
}

/**
 * The coarsest partition of the pods that refines every registered selection (a rule's peers, a policy's
 * subjects, a caller group) and separates pods with different attributes: a question that depends only
 * on those selections and attributes has one answer per class. Built in time linear in the selections'
 * sizes; selections are told apart by identity, so the evaluations share them as objects.
 */
export class PodClasses {
  private readonly ids = new Map<readonly EvaluatedPod[], number>();
  private readonly classOf = new Map<EvaluatedPod, PodClass>();
  private readonly classesWithin: PodClass[][] = [];

  constructor(pods: readonly EvaluatedPod[], selections: readonly (readonly EvaluatedPod[])[], attributes: (pod: EvaluatedPod) => string) {
    const memberships = new Map<EvaluatedPod, number[]>();
    for (let s = 0; s < selections.length; s++) {
      const selection = selections[s];
      if (this.ids.has(selection)) continue;
      const id = this.ids.size;
      this.ids.set(selection, id);
      for (let p = 0; p < selection.length; p++) {
        const pod = selection[p];
        const list = memberships.get(pod);
        if (list) list.push(id);
        else memberships.set(pod, [id]);
      }
    }
    const byKey = new Map<string, PodClass & { size: number }>();
    for (let p = 0; p < pods.length; p++) {
      const pod = pods[p];
      const sets = memberships.get(pod) ?? [];
      const key = `${attributes(pod)}\u0000${sets.join(',')}`;
      let found = byKey.get(key);
      if (found === undefined) {
        const within = new Set(sets);
        found = { id: byKey.size, size: 0, representative: pod, in: (selection: readonly EvaluatedPod[]) => within.has(this.idOf(selection)) };
        byKey.set(key, found);
      }
      found.size++;
      this.classOf.set(pod, found);
    }
    for (const [selection, id] of this.ids) {
      this.classesWithin[id] = [...new Set(selection.map((p) => this.classOf.get(p)!))];
    }
  }

  public of(pod: EvaluatedPod): PodClass {
    return this.classOf.get(pod)!;
  }

  /** The classes whose pods make up `selection` (a registered one). */
  public within(selection: readonly EvaluatedPod[]): readonly PodClass[] {
    return this.classesWithin[this.idOf(selection)];
  }

  private idOf(selection: readonly EvaluatedPod[]): number {
    const id = this.ids.get(selection);
    if (id === undefined) {
      throw new Error('internal: a pod selection asked about was not registered with the pod classes');
    }
    return id;
  }
}
