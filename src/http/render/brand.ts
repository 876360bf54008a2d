// An organization's look in the layout: its name, its logo and its colour (a stylesheet that sets the
// accent), each served from /branding with a version in the URL so that browsers keep it for good.
import type { Organization } from '../../organizations/organization.js';

export interface LayoutBrand {
  readonly name: string;
  readonly logoUrl: string | null;
  readonly themeUrl: string | null;
}

/** The organization's look, when it has one; undefined: the product's own. */
export function layoutBrand(organization: Organization | undefined): LayoutBrand | undefined {
  const branding = organization?.branding;
  if (!organization || !branding || (!branding.displayName && !branding.color && !branding.logo)) {
    return undefined;
  }
  return {
    name: branding.displayName ?? organization.name,
    logoUrl: branding.logo ? `/branding/${organization.id}/logo?v=${branding.logo.hash.slice(0, 16)}` : null,
    themeUrl: branding.color ? `/branding/${organization.id}/theme.css?v=${branding.color.slice(1)}` : null,
  };
}
