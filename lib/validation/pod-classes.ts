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
    for (const selection of selections) {
      if (this.ids.has(selection)) continue;
      const id = this.ids.size;
      this.ids.set(selection, id);
      for (const pod of selection) {
        const list = memberships.get(pod);
        if (list) list.push(id);
        else memberships.set(pod, [id]);
      }
    }
    const byKey = new Map<string, { id: number; size: number; representative: EvaluatedPod; sets: ReadonlySet<number> }>();
    for (const pod of pods) {
      const sets = memberships.get(pod) ?? [];
      const key = `${attributes(pod)}\u0000${sets.join(',')}`;
      let found = byKey.get(key);
      if (found === undefined) {
        found = { id: byKey.size, size: 0, representative: pod, sets: new Set(sets) };
        byKey.set(key, found);
      }
      found.size++;
      const sets0 = found.sets;
      this.classOf.set(pod, Object.assign(found, { in: (selection: readonly EvaluatedPod[]) => sets0.has(this.idOf(selection)) }));
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
