import { ZeroTrustBlueprintProps } from '../blueprint/blueprint-props';
import { IssueCollector } from './errors';
import { AdminNetworkModel } from './model';
import { checkCidr, checkDnsLabel } from './names';

/** The declared admin networks (`adminNetworks`): unique DNS-1123 names, at least one valid CIDR each. */
export function buildAdminNetworks(props: ZeroTrustBlueprintProps, issues: IssueCollector): AdminNetworkModel[] {
  const seen = new Set<string>();
  return (props.adminNetworks ?? []).map((n, i) => {
    const path = `adminNetworks[${i}]`;
    issues.check('ZT-NET-001', `${path}.name`, checkDnsLabel(n.name));
    if (n.name === 'internet') {
      issues.add('ZT-NET-002', `${path}.name`, '"internet" names the internet caller in policy names: choose another name');
    }
    if (seen.has(n.name)) {
      issues.add('ZT-NET-003', `${path}.name`, `admin network "${n.name}" is declared twice`);
    }
    seen.add(n.name);
    if (n.cidrs.length === 0) {
      issues.add('ZT-NET-004', `${path}.cidrs`, 'list at least one source CIDR of the admin network');
    }
    n.cidrs.forEach((c, k) => issues.check('ZT-NET-005', `${path}.cidrs[${k}]`, checkCidr(c)));
    return { name: n.name, cidrs: [...n.cidrs] };
  });
}
