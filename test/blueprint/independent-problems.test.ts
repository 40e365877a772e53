import { describe, expect, it } from 'vitest';
import { issuesOfModel } from '../support/blueprint-issues';
import { mutated } from './fixtures';

const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

describe('one run reports every independent problem, and nothing that follows from another', () => {
  it('a role cycle is one error, the cycle as a path of role names, with no follow-on errors from the broken hierarchy', () => {
    const issues = issuesOfModel(mutated((b) => {
      b.roles = [{ name: 'admin', includes: ['operator'] }, { name: 'operator', includes: ['viewer'] }, { name: 'viewer', includes: ['operator'] }];
      b.services[1].roles = ['admin'];
      b.services[2].allowFrom.push({ roles: ['viewer'] });
      b.services[2].routes = undefined;
    }));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('roles[1].includes');
    expect(issues[0].message).toMatch(/cycle \(operator -> viewer -> operator\)/);
  });

  it('a schema error does not hide a semantic error elsewhere', () => {
    const issues = issuesOfModel(mutated((b) => {
      b.services[0].ports[0].port = 'https'; // schema: not a number
      b.services[2].allowFrom = [{ service: 'nobody' }]; // semantic: unknown service
    }));
    expect(paths(issues)).toEqual(['services[0].ports[0].port', 'services[2].allowFrom[0].service']);
  });

  it('a service whose ports are malformed is left out of the flow checks that depend on them', () => {
    const issues = issuesOfModel(mutated((b) => {
      b.services[1].ports = [{ name: 'http' }]; // schema: port missing
      b.services[3].zone = 'nowhere'; // semantic, independent
    }));
    expect(paths(issues)).toEqual(['services[1].ports[0]', 'services[3].zone']);
  });

  it('an undeclared zone is reported at the service, with no follow-on message about the zone rules or the mesh', () => {
    const issues = issuesOfModel(mutated((b) => {
      b.services[1].zone = 'ap';
    }));
    expect(paths(issues)).toEqual(['services[1].zone']);
    expect(issues[0].message).toMatch(/unknown zone "ap"/);
  });

  it('a service in an undeclared zone gets no follow-on message computed from a placeholder zone role', () => {
    const issues = issuesOfModel(mutated((b) => {
      b.zones = [{ name: 'edge', role: 'dmz' }, { name: 'app' }, { name: 'data' }, { name: 'management' }];
      b.zoneRules = [{ from: 'edge', to: 'app' }, { from: 'app', to: 'data' }];
      // gateway still says zone "dmz" (internet caller); api is called by it
    }));
    expect(paths(issues)).toEqual(['services[0].zone']);
    expect(issues.map((i) => i.message).join('\n')).not.toMatch(/is in zone "dmz" \(app\)/);
  });

  it('a malformed zone is left out, and its services are not reported again as in an unknown zone', () => {
    const issues = issuesOfModel(mutated((b) => {
      b.zones = [{ name: 'dmz' }, { name: 'app', meshed: 'yes' }, { name: 'data' }, { name: 'management' }];
      b.services[0].allowFrom[0].cidrs = ['300.0.0.0/8']; // semantic, independent
    }));
    expect(paths(issues)).toEqual(['services[0].allowFrom[0].cidrs[0]', 'zones[1].meshed']);
  });

  it('a bad port number is reported once, not again for the target port that defaults to it', () => {
    const issues = issuesOfModel(mutated((b) => {
      b.services[0].ports[0].port = 70000;
      delete b.services[0].ports[0].targetPort;
    }));
    expect(paths(issues)).toEqual(['services[0].ports[0].port']);
  });
});
