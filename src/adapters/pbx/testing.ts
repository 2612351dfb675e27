/** Test kit: the 3CX lookup contact the PBX tests share (Jan de Vries, Simplicate person p-7, on +31201234567). */
import type { ThreeCxContact } from './mapper.js';

/** Jan de Vries as crmhub's 3CX lookup answers for him when the person has no deep link (`url` empty). */
export const janDeVriesContact: ThreeCxContact = {
  id: 'simplicate:person:p-7',
  first_name: 'Jan',
  last_name: 'de Vries',
  company: 'Bakkerij Jansen B.V.',
  email: 'jan@bakkerijjansen.nl',
  phone_business: '',
  phone_mobile: '+31201234567',
  url: '',
  entity_type: 'Contacts',
};
