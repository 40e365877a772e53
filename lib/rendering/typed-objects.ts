// The generated classes of the objects the blueprint emits per service and per flow (thousands of them at
// scale), rendered with the shortcut of `withPlainRendering`: same documents, same classes to extend.
import {
  KubeNetworkPolicy as GeneratedNetworkPolicy, KubeService as GeneratedService, KubeServiceAccount as GeneratedServiceAccount,
  toJson_KubeNetworkPolicyProps, toJson_KubeServiceAccountProps, toJson_KubeServiceProps,
} from 'cdk8s-plus-27/lib/imports/k8s';
import {
  AuthorizationPolicy as GeneratedAuthorizationPolicy, HttpRouteV1Beta3 as GeneratedHttpRoute,
  MeshTlsAuthentication as GeneratedMeshTlsAuthentication, NetworkAuthentication as GeneratedNetworkAuthentication,
  ServerV1Beta3 as GeneratedServer, toJson_AuthorizationPolicyProps, toJson_HttpRouteV1Beta3Props,
  toJson_MeshTlsAuthenticationProps, toJson_NetworkAuthenticationProps, toJson_ServerV1Beta3Props,
} from '../imports/policy.linkerd.io';
import { withPlainRendering } from './typed-rendering';

export const KubeNetworkPolicy = withPlainRendering(GeneratedNetworkPolicy, toJson_KubeNetworkPolicyProps);
export const KubeService = withPlainRendering(GeneratedService, toJson_KubeServiceProps);
export const KubeServiceAccount = withPlainRendering(GeneratedServiceAccount, toJson_KubeServiceAccountProps);
export const ServerV1Beta3 = withPlainRendering(GeneratedServer, toJson_ServerV1Beta3Props);
export const AuthorizationPolicy = withPlainRendering(GeneratedAuthorizationPolicy, toJson_AuthorizationPolicyProps);
export const MeshTlsAuthentication = withPlainRendering(GeneratedMeshTlsAuthentication, toJson_MeshTlsAuthenticationProps);
export const NetworkAuthentication = withPlainRendering(GeneratedNetworkAuthentication, toJson_NetworkAuthenticationProps);
export const HttpRouteV1Beta3 = withPlainRendering(GeneratedHttpRoute, toJson_HttpRouteV1Beta3Props);
