// What the pages' bundle loads instead of osrm-text-instructions/languages.js, which requires all of its 31
// languages (about 800 kB): the two the pages speak. Same exports; the Korean table is replaced at run time
// by maneuverText.ts. Tests and Node use the package's own file.
const en = require('osrm-text-instructions/languages/translations/en.json');
const ko = require('osrm-text-instructions/languages/translations/ko.json');
const abbreviationsEn = require('osrm-text-instructions/languages/abbreviations/en.json');

module.exports = {
  supportedCodes: ['en', 'ko'],
  instructions: { en, ko },
  grammars: {},
  abbreviations: { en: abbreviationsEn },
};
