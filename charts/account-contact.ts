// Account-contact domain: CIS 1.2, security contact information is registered. The account's SECURITY
// alternate contact (Account Management PutAlternateContact), so AWS's security notifications (abuse
// reports, compromised-credential notices) reach the team that answers them, not only the root
// e-mail. Composed only when the claim names one (function-cel-filter), for the account itself (no
// accountId: the call is made in the bound account, not through the organization's management account).
// The organization SCPs and the permissions boundary refuse account:PutAlternateContact and
// account:DeleteAlternateContact to everyone but break glass and the provisioning role
// (KIND_GUARDRAILS accountWideDenies), so a member administrator cannot redirect the notices. The
// deny covers every contact type: scoping it with account:AlternateContactTypes would need a statement
// of its own, with its exemption, which the baseline SCP has no room for (5,120 characters).
// https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html
import type { Construct } from 'constructs';
import { AlternateContact } from '../imports/account.aws.upbound.io';
import { ComposedResource, Condition, DomainChart, Schema } from '../compositions';
import { MaxLength } from '../compositions/kernel/aws-limits';

/** PutAlternateContact's patterns (API_AlternateContact), anchored: the API matches the whole value. */
export const ALTERNATE_CONTACT_EMAIL_PATTERN = '^[\\s]*[\\w+=.#|!&-]+@[\\w.-]+\\.[\\w]+[\\s]*$';
export const ALTERNATE_CONTACT_PHONE_PATTERN = '^[\\s0-9()+-]+$';

export class AccountContactChart extends DomainChart {
  /** Composed once by XZeroTrustAccount (charts/index.ts finds it by this). */
  public static readonly composedBy = 'account';

  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      kind: 'XAccountContact',
      domain: 'accountContact',
      readme: {
        title: 'Account contact',
        controls: 'the account\'s SECURITY alternate contact from the claim (CIS 1.2), composed when the claim names one; changing or deleting any alternate contact (BILLING and OPERATIONS too: the deny rides on the shared account-wide SCP statement, which has no room for an `account:AlternateContactTypes` condition) is refused to all but break glass and the provisioning role',
      },
      description: 'The account\'s security alternate contact (CIS 1.2), when the claim names one.',
    });
    const security = this.parameter('security', Schema.object('The SECURITY alternate contact of the account: who AWS notifies about security matters (CIS 1.2). Omit to leave the account\'s contact unmanaged.', {
      name: Schema.string('Name of the contact (a person or team), 1-64 characters.', { minLength: 1, maxLength: MaxLength.alternateContactName }),
      title: Schema.string('Title of the contact, 1-50 characters.', { minLength: 1, maxLength: MaxLength.alternateContactTitle }),
      email: Schema.string('E-mail address of the contact, 1-254 characters.', { minLength: 1, maxLength: MaxLength.alternateContactEmail, pattern: ALTERNATE_CONTACT_EMAIL_PATTERN }),
      phone: Schema.string('Phone number of the contact: digits, spaces, parentheses, + and -, 1-25 characters.', { minLength: 1, maxLength: MaxLength.alternateContactPhone, pattern: ALTERNATE_CONTACT_PHONE_PATTERN }),
    }, { required: ['name', 'title', 'email', 'phone'] }));

    // CIS 1.2: the security contact of the bound account (no accountId: the account itself).
    new ComposedResource(this, {
      name: 'securityContact',
      kind: AlternateContact,
      forProvider: { alternateContactType: 'SECURITY' },
      patches: [
        ComposedResource.fromParameter('security.name', 'spec.forProvider.name'),
        ComposedResource.fromParameter('security.title', 'spec.forProvider.title'),
        ComposedResource.fromParameter('security.email', 'spec.forProvider.emailAddress'),
        ComposedResource.fromParameter('security.phone', 'spec.forProvider.phoneNumber'),
      ],
    }).when(Condition.has(security));
  }
}
