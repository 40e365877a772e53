// A generated converter whose shape cannot be read keeps running as generated, after the one-walk
// rendering of the props: the same document, and the same render stamp and hand-over.
import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ServerV1Beta3 as GeneratedServer, toJson_ServerV1Beta3Props } from '../../lib/imports/policy.linkerd.io';
import { converterShape } from '../../lib/rendering/converter-shape';
import { renderStampOf } from '../../lib/rendering/render-stamp';
import { withPlainRendering } from '../../lib/rendering/typed-rendering';

describe('a converter without a readable shape', () => {
  // The same conversion, through a JSON round trip the probe cannot follow.
  const roundTrip = (resolved: any) => toJson_ServerV1Beta3Props(JSON.parse(JSON.stringify(resolved)));
  const Server = withPlainRendering(GeneratedServer, roundTrip);

  it('has no shape, and the object renders as its generated class does', () => {
    expect(converterShape(roundTrip)).toBeUndefined();
    const chart = new Chart(new App(), 'c');
    const o = new Server(chart, 's', {
      metadata: { name: 's', namespace: 'n', labels: { b: '2', a: '1' } },
      spec: { podSelector: { matchLabels: { app: 'x' } }, port: 'http' as any, proxyProtocol: 'HTTP/2' as any },
    });
    const generated = JSON.stringify(GeneratedServer.prototype.toJson.call(o));
    expect(JSON.stringify(o.toJson())).toBe(generated);
    expect(renderStampOf(o)).toBeDefined();
    o.metadata.addLabel('c', '3');
    expect(JSON.stringify(o.toJson())).toBe(JSON.stringify(GeneratedServer.prototype.toJson.call(o)));
    expect(JSON.stringify(o.toJson())).not.toBe(generated);
  });
});
