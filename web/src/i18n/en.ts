import type { Catalogue } from './zh-CN'

const en: Catalogue = {
  appName: 'Gongjue',
  languageGroup: 'Language',
  loading: 'Loading…',
  retry: 'Try again',
  backHome: 'Back to the start page',
  listSeparator: ', ',
  errors: {
    estate_not_found:
      'We cannot find this estate. Check the address, or choose your estate on the start page.',
    not_found: 'We cannot find what you asked for.',
    invalid_request: 'The address or the search is not valid. Please start again from the start page.',
    network: 'No connection. Check your network and try again.',
    unexpected: 'The server had a problem. Please try again later.',
  },
  home: {
    title: 'Estates',
    heading: 'Estates',
    intro: "Choose your estate to see its published owners' roll.",
    empty: 'There are no estates yet.',
    openRoll: 'See the published roll',
  },
  notFound: {
    title: 'Page not found',
    body: 'There is no page at this address.',
  },
  roll: {
    title: (estate: string) => `${estate}: published roll`,
    heading: 'Published roll',
    purpose:
      "Before an owners' assembly, the roll of owners is published here. Please check that your unit's number, area and area source are right. To protect privacy, owners' names show only their first character.",
    objection:
      'If something is wrong, raise an objection with the convener (the preparatory group or the owners’ committee). Raising objections online comes later.',
    totalsHeading: 'Whole estate',
    totalUnits: 'Units',
    totalHeads: 'Voters',
    totalArea: 'Counted area',
    parking: 'Parking',
    parkingCounted: 'Counted in area and votes',
    parkingNotCounted: 'Not counted in area or votes',
    headsNote:
      'An owner of several units is one voter; all units the developer still holds together are one voter.',
    filterHeading: 'Find a unit',
    building: 'Building',
    allBuildings: 'All buildings',
    buildingOption: (name: string, units: number) => `${name} (${units} ${units === 1 ? 'unit' : 'units'})`,
    search: 'Unit number',
    searchHint: 'Type part of the unit number, e.g. 1-1-101',
    searchButton: 'Search',
    matched: (matched: string, shown: string) =>
      `${matched} ${matched === '1' ? 'unit' : 'units'} found, ${shown} shown`,
    noMatch: 'No unit matches.',
    loadMore: (count: number) => `Show ${count} more`,
    download: 'Download the whole roll (CSV)',
    downloadHint: 'A CSV file opens in Excel or WPS.',
    unitsHeading: 'Units',
    area: (area: string) => `${area} m²`,
    areaWithSource: (area: string, source: string) => `${area} m² (${source})`,
    unitBuilding: 'Building',
    unitArea: 'Area',
    unitOwners: 'Owners',
    developer: 'Developer',
    kind: {
      residence: 'Residence',
      shop: 'Shop',
      parking: 'Parking space',
      other: 'Other',
    },
    areaSource: {
      register: 'registered area',
      survey: 'surveyed area',
      contract: 'contract area',
    },
  },
}

export default en
