import '../styles/base.css';
import '../styles/home.css';
import { byId } from '../shared/dom';
import { I18n, languageSwitch } from '../shared/i18n/I18n';

const i18n = new I18n();
i18n.applyTo(document.body);
byId('lang').append(languageSwitch(i18n));
