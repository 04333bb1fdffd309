/** Who acts, in which tenant: the plain input every domain operation starts from. */
export interface Actor {
  tenantId: string;
  aadObjectId: string;
  name: string;
}
