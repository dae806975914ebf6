import { useI18n, useTitle } from '../i18n'

export default function NotFound() {
  const { t } = useI18n()
  useTitle(t.value.notFound.title)
  return (
    <>
      <h1 tabIndex={-1}>{t.value.notFound.title}</h1>
      <p>{t.value.notFound.body}</p>
      <a class="button" href="/">
        {t.value.backHome}
      </a>
    </>
  )
}
